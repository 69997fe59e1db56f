import type { AppSpec } from '../model/app-spec';
import type { LayerSetting as DeclaredSetting } from '../model/exposure/traits';

/** A traffic setting an exposure declares (`ExposureTraits.settings`), with the exposure it belongs to. */
export interface AppLayerSetting extends DeclaredSetting {
  /** Index of the exposure in `expose`. */
  readonly exposure: number;
  /** The layer, for messages, e.g. `ALB Ingress "web"`. */
  readonly layer: string;
}

/** Every timeout and protocol setting the app's exposures declare, in `expose` order. */
export function layerSettings(app: AppSpec): AppLayerSetting[] {
  return app.exposures.flatMap((e, i) => e.traits.settings.map((s) => ({ ...s, exposure: i, layer: e.traits.label })));
}
