export * from './observe-props';
export * from './observe-spec';
export { admitScraper } from './admit-scraper';
export { BURN_RATE_WINDOWS, LONGEST_ALERT_WINDOW_SECONDS, PROXY_METRICS, resolveObserve } from './resolve-observe';
