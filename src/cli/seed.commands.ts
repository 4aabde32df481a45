import type { Command } from 'commander';

// `manyi seed` — filled in by the demo-data work.
export function registerSeedCommands(_program: Command): void {}
