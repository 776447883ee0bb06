import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';

/**
 * The emulator's tables. `seq` is the insertion order (AUTOINCREMENT: never reused, even after
 * deletes), which gives StreamInputs and ListInputs a total order. Bytes are named by `blobs`,
 * apart from the rows that lists scan: by (`pack`, `pack_offset`), a range of a pack file beside
 * the db; older rows by `hash` (the sha256 of a file beside the db) or held in `bytes`, as are all
 * of a `:memory:` db (see `BlobStore`). `tombstones` remembers where deleted inputs stood
 * so a stream cursor on a deleted input keeps working. A blob row is written once, with its
 * content type, and never updated; `upload_check` keeps what PostInputs learnt from uploaded
 * bytes (see `ContentCheck`), so processing never reads them back.
 *
 * `inputs_add_jobs` holds the jobs PostInputs calls named (`inputs_add_job_id`); each input
 * posted under one names it in `job_id`, and a job's progress is counted from those inputs.
 *
 * Version 2 added `upload_check`; version 3 `blobs.hash`, and an index of pending inputs only
 * (processing's queue) in place of one of every input by status; version 4 `inputs.job_id` and
 * `inputs_add_jobs`; version 5 `blobs.pack` and `blobs.pack_offset` (see `migrations.ts`).
 */
export const SCHEMA_VERSION = 5;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS inputs (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id        TEXT    NOT NULL,
  app_id         TEXT    NOT NULL,
  id             TEXT    NOT NULL,
  kind           TEXT    NOT NULL CHECK (kind IN ('image', 'video', 'audio', 'text')),
  url            TEXT,
  allow_dup_url  INTEGER NOT NULL DEFAULT 0,
  text_raw       TEXT,
  blob_token     TEXT,
  upload_check   TEXT,
  image_info     TEXT,
  data_json      TEXT    NOT NULL,
  status_code    INTEGER NOT NULL,
  status_details TEXT    NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL,
  modified_at    INTEGER NOT NULL,
  job_id         TEXT,
  UNIQUE (user_id, app_id, id)
);
CREATE INDEX IF NOT EXISTS inputs_by_app_seq ON inputs (user_id, app_id, seq);
CREATE INDEX IF NOT EXISTS inputs_by_app_status ON inputs (user_id, app_id, status_code);
CREATE INDEX IF NOT EXISTS inputs_by_app_url ON inputs (user_id, app_id, url) WHERE url IS NOT NULL;
CREATE INDEX IF NOT EXISTS inputs_by_job ON inputs (user_id, app_id, job_id) WHERE job_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS inputs_pending_by_seq ON inputs (seq) WHERE status_code = ${StatusCode.INPUT_PENDING};

CREATE TABLE IF NOT EXISTS blobs (
  token        TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  bytes        BLOB NOT NULL,
  hash         TEXT,
  pack         INTEGER,
  pack_offset  INTEGER
);
CREATE INDEX IF NOT EXISTS blobs_by_hash ON blobs (hash) WHERE hash IS NOT NULL;
CREATE INDEX IF NOT EXISTS blobs_by_pack ON blobs (pack) WHERE pack IS NOT NULL;

CREATE TABLE IF NOT EXISTS inputs_add_jobs (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id      TEXT    NOT NULL,
  app_id       TEXT    NOT NULL,
  id           TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  modified_at  INTEGER NOT NULL,
  cancelled    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (user_id, app_id, id)
);

CREATE TABLE IF NOT EXISTS tombstones (
  user_id TEXT    NOT NULL,
  app_id  TEXT    NOT NULL,
  id      TEXT    NOT NULL,
  seq     INTEGER NOT NULL,
  PRIMARY KEY (user_id, app_id, id)
) WITHOUT ROWID;
`;
