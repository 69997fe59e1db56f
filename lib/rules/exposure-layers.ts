import type { AppSpec } from '../model/app-spec';
import type { LayerSetting as DeclaredSetting } from '../model/exposure/traits';

/** A traffic setting an exposure declares (`ExposureTraits.settings`), with the exposure it belongs to. */
export interface AppLayerSetting extends DeclaredSetting {
  /** Index of the exposure in `expose`. */
  readonly exposure: number;
  /** The layer, for messages, e.g. `ALB Ingress "web"`. */
  readonly layer: string;
}

/**
 * Every timeout and protocol setting the app's exposures declare, in `expose` order; with `name`, only the settings
 * of that name (a rule reads one setting: the others are not copied).
 */
export function layerSettings(app: AppSpec, name?: DeclaredSetting['name']): AppLayerSetting[] {
  const out: AppLayerSetting[] = [];
  app.exposures.forEach((e, i) => {
    for (const s of e.traits.settings)
      if (name === undefined || s.name === name) out.push({ ...s, exposure: i, layer: e.traits.label });
  });
  return out;
}
