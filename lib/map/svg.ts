import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import { SVG_FONTS, toDot } from './dot';
import type { TrafficGraph } from './graph';

/** The map as an SVG document (Graphviz `dot` layout, monospaced text), on a renderer started and closed for it. */
export function toSvg(graph: TrafficGraph): string {
  const renderer = new SvgRenderer();
  try {
    return renderer.request(graph)();
  } finally {
    renderer.close();
  }
}

/**
 * Renders maps to SVG with Graphviz compiled to WebAssembly (`@viz-js/viz`), in this process, without a
 * browser. Graphviz's WebAssembly module only loads asynchronously while a cdk8s synth is synchronous, so
 * it runs on a worker thread of this renderer, started on the first request and unref'd (it never keeps the
 * process alive); the function a request returns blocks on `Atomics.wait` until the worker answers.
 * Graphviz is deterministic: the same DOT gives the same bytes. The owner closes the renderer when its
 * synth is done (`close()`), so no worker outlives the synth that started it.
 */
export class SvgRenderer {
  private worker: Worker | undefined;
  private closed = false;

  /**
   * Starts rendering the map and returns the function that waits for the SVG, so the caller can do other
   * work (write the manifests) while Graphviz lays the map out on its thread.
   */
  request(graph: TrafficGraph): () => string {
    const svg = this.render(toDot(graph));
    return () => svg().replace(/font-family="Courier[^"]*"/g, `font-family="${SVG_FONTS}"`);
  }

  /** Starts rendering DOT to SVG; the returned function waits for it (and throws when Graphviz failed). */
  render(dot: string): () => string {
    const w = this.start();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    w.postMessage({ dot, port: port2, signal }, [port2]);
    return () => {
      try {
        if (Atomics.wait(signal, 0, 0, TIMEOUT_MS) === 'timed-out')
          throw new Error(`Graphviz did not answer within ${TIMEOUT_MS / 1000} s`);
        const reply = receiveMessageOnPort(port1)?.message as { svg?: string; error?: string } | undefined;
        if (!reply?.svg) throw new Error(`Graphviz could not render the traffic map: ${reply?.error ?? 'no answer'}`);
        return reply.svg;
      } finally {
        port1.close();
      }
    };
  }

  /** Stops the worker; requests already answered stay readable, later requests are refused. */
  close(): void {
    this.closed = true;
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  private start(): Worker {
    if (this.closed) throw new Error('the traffic map renderer is closed: its synth is over');
    if (!this.worker) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { viz: require.resolve('@viz-js/viz') } });
      w.unref();
      const forget = () => {
        if (this.worker === w) this.worker = undefined;
      };
      w.on('error', forget);
      w.on('exit', forget);
      this.worker = w;
    }
    return this.worker;
  }
}

const TIMEOUT_MS = 60_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const ready = require(workerData.viz).instance();
parentPort.on('message', ({ dot, port, signal }) => {
  ready.then((viz) => {
    try { port.postMessage({ svg: viz.renderString(dot, { format: 'svg', engine: 'dot' }) }); }
    catch (e) { port.postMessage({ error: String(e && e.message || e) }); }
  }, (e) => port.postMessage({ error: String(e && e.message || e) }))
    .finally(() => { port.close(); Atomics.store(signal, 0, 1); Atomics.notify(signal, 0); });
});
`;
