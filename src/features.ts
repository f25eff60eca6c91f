import type { Bot } from './bot.js';

/** Wires optional features (probes, watch, maintenance, export, metrics) into a bot before start. */
export async function installFeatures(_bot: Bot): Promise<void> {}
