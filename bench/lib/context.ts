import type { HistoryOptions } from './history';

/** One prepared synthetic log: events.db, the live projection and the rebuilt read models. */
export interface PreparedDataset {
  label: string;
  history: HistoryOptions;
  dir: string;
  eventsPath: string;
  /** The read models a rebuild produced (the one the read scenarios use). */
  readModelsPath: string;
  events: number;
}

export interface ScenarioContext {
  mode: 'quick' | 'full';
  workDir: string;
  /** The largest log of the run. */
  dataset: PreparedDataset;
}
