/** Sentinel for "no end" on both time axes; rtree_i32 coordinates are 32-bit integers. */
export const OPEN_END = 2147483647;
/** Query coordinate meaning "everything known so far". */
export const LATEST = OPEN_END - 1;

export const KIND_CODE = { platform: 1, ministry: 2 } as const;
export type TimelineKind = keyof typeof KIND_CODE;

/**
 * The bitemporal index. Each `versions` row says: from valid day `valid_from` (inclusive) to
 * `valid_to` (exclusive), as known from log position `known_from` (inclusive) to `known_to`
 * (exclusive), the entity was in state `state_id`. A new event never edits a state; it closes
 * the rows it supersedes (known_to = its position) and inserts new ones, so any question about
 * an earlier position is answered exactly as it was then. `versions_box` is an R*Tree over the
 * same rectangles (closed intervals, hence the -1s) so that "which rows contain (day, position)"
 * is a tree search rather than a scan.
 */
export const CATALOGUE_INDEX_SCHEMA = `
CREATE TABLE IF NOT EXISTS log (
  position       INTEGER PRIMARY KEY,
  event_id       TEXT NOT NULL,
  stream_id      TEXT NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  recorded_at    TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  actor_sub      TEXT NOT NULL,
  ministries     TEXT NOT NULL,
  data           TEXT NOT NULL,
  metadata       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS log_stream ON log (stream_id, effective_date, position);

CREATE TABLE IF NOT EXISTS states (id INTEGER PRIMARY KEY, json TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS versions (
  id         INTEGER PRIMARY KEY,
  kind       INTEGER NOT NULL,
  stream_id  TEXT NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to   INTEGER NOT NULL,
  known_from INTEGER NOT NULL,
  known_to   INTEGER NOT NULL,
  state_id   INTEGER NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS versions_box USING rtree_i32 (id, kind_min, kind_max, valid_min, valid_max, known_min, known_max);

CREATE TABLE IF NOT EXISTS current_versions (
  id         INTEGER PRIMARY KEY,
  kind       INTEGER NOT NULL,
  stream_id  TEXT NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to   INTEGER NOT NULL,
  owner      TEXT NOT NULL,
  status     TEXT NOT NULL,
  sort_name  TEXT NOT NULL,
  view       TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS current_box USING rtree_i32 (id, kind_min, kind_max, valid_min, valid_max, +stream_id, +owner, +status, +sort_name);

CREATE TABLE IF NOT EXISTS history (
  position  INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL,
  owner     TEXT,
  changes   TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS entities (
  stream_id TEXT PRIMARY KEY,
  kind      TEXT NOT NULL,
  revision  INTEGER NOT NULL,
  code      TEXT
);

CREATE TABLE IF NOT EXISTS editions (
  edition_id      TEXT PRIMARY KEY,
  document_number TEXT NOT NULL UNIQUE,
  title           TEXT,
  issued_on       TEXT NOT NULL,
  signer          TEXT NOT NULL,
  cutoff_date     TEXT NOT NULL,
  log_position    INTEGER NOT NULL,
  position        INTEGER NOT NULL,
  recorded_at     TEXT NOT NULL,
  actor           TEXT NOT NULL
);
`;

/**
 * Secondary indexes, apart from the tables so that a rebuild can create them once at the end
 * (one sort each) instead of updating them row by row. `log_stream` is not here: the projection
 * reads it while it applies events (an entry's later events, for a change in the past).
 *
 * `current_order` holds the rows as known now in catalogue order (owner, folded name, entry;
 * SQLite's BINARY order is `compareText`'s), with the columns a page filters on, so that a page
 * of the catalogue is a walk of the index from the cursor's key that reads only the rows it
 * keeps (an entry's rows for other dates are skipped inside the index).
 */
export const CATALOGUE_INDEX_INDEXES = `
CREATE INDEX IF NOT EXISTS log_recorded ON log (recorded_at);
CREATE INDEX IF NOT EXISTS log_actor ON log (actor_sub, position);
CREATE INDEX IF NOT EXISTS log_type ON log (type, position);
CREATE INDEX IF NOT EXISTS versions_stream ON versions (stream_id, known_to, valid_from);
CREATE INDEX IF NOT EXISTS history_stream ON history (stream_id, position);
CREATE INDEX IF NOT EXISTS entities_code ON entities (code);
CREATE INDEX IF NOT EXISTS current_order ON current_versions (kind, owner, sort_name, stream_id, valid_from, valid_to, status);
`;

export const CATALOGUE_INDEX_TABLES = ['log', 'states', 'versions', 'versions_box', 'current_versions', 'current_box', 'history', 'entities', 'editions'];
