// The size of the benchmark data set, apart from the code that builds it: benchmarks check a kept
// data set against it without loading the seeding code (and PGlite) into the process they measure.
export const SCALE_SEED = 100_002;
export const SCALE_CUSTOMERS = 100_000;
export const SCALE_INTERACTIONS = 2_000_000;
