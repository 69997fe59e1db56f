import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import { SVG_FONTS, toDot } from './dot';
import type { TrafficGraph } from './graph';

/** The map as an SVG document (Graphviz `dot` layout, monospaced text). */
export function toSvg(graph: TrafficGraph): string {
  return requestSvg(graph)();
}

/**
 * Starts rendering the map and returns the function that waits for the SVG, so the caller can do other
 * work (write the manifests) while Graphviz lays the map out on its thread.
 */
export function requestSvg(graph: TrafficGraph): () => string {
  const svg = requestRender(toDot(graph));
  return () => svg().replace(/font-family="Courier[^"]*"/g, `font-family="${SVG_FONTS}"`);
}

/**
 * Renders DOT to SVG with Graphviz compiled to WebAssembly (`@viz-js/viz`), in this process, without a
 * browser. Graphviz's WebAssembly module only loads asynchronously while a cdk8s synth is synchronous, so
 * it runs on one worker thread, started on first use and unref'd (it never keeps the process alive); the
 * returned function blocks on `Atomics.wait` until the worker answers. Graphviz is deterministic: the same
 * DOT gives the same bytes.
 */
export function requestRender(dot: string): () => string {
  const w = worker();
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

let shared: Worker | undefined;

function worker(): Worker {
  if (!shared) {
    shared = new Worker(WORKER_SOURCE, { eval: true, workerData: { viz: require.resolve('@viz-js/viz') } });
    shared.unref();
    shared.on('error', () => {
      shared = undefined;
    });
    shared.on('exit', () => {
      shared = undefined;
    });
  }
  return shared;
}

/** Stops the worker (tests and long-running programs; a synth needs no call). */
export function stopSvgRenderer(): Promise<number> | undefined {
  const w = shared;
  shared = undefined;
  return w?.terminate();
}
