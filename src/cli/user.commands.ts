import type { Command } from 'commander';

// `manyi user create` — filled in by the platform-admin work.
export function registerUserCommands(_program: Command): void {}
