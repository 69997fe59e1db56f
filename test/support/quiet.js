// The tests read warnings from `chart.warnings` / `stack.warnings`; stderr stays quiet (tests of the printing
// itself set CDK_TRAFFIC_SILENCE_WARNINGS back to 0).
process.env.CDK_TRAFFIC_SILENCE_WARNINGS ??= '1';
