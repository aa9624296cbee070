/**
 * vitest global setup: brings dist/ up to date once before the tests, so the tests that run the `tux` command
 * (bin/tux.js runs the build) test the current sources and never race to rebuild it.
 */
import { build, buildState } from '../bin/build.js';

export default async function setup(): Promise<void> {
  if (buildState() !== 'fresh') await build();
}
