import type { InputsAddJob } from '../../generated/clarifai/api/resources.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import type { InputStore, JobProgress, JobRow } from '../store/input-store';
import type { AppScope } from '../store/stored-data';
import { makeStatus } from './status';

/**
 * A job's status from its inputs: JOB_CANCELLED once cancelled; JOB_RUNNING while any input is
 * pending or in progress; then JOB_FAILED when any failed, else JOB_COMPLETED. The official SDKs
 * wait on the progress counts (pending and in progress both 0), not on this code.
 */
function jobStatus(row: JobRow, p: JobProgress): StatusCode {
  if (row.cancelled === 1) return StatusCode.JOB_CANCELLED;
  if (p.pending + p.inProgress > 0) return StatusCode.JOB_RUNNING;
  return p.failed > 0 ? StatusCode.JOB_FAILED : StatusCode.JOB_COMPLETED;
}

/** Whether a job still has inputs to process (cancelling it then changes its status). */
export function jobIsRunning(p: JobProgress): boolean {
  return p.pending + p.inProgress > 0;
}

/** The job as the API answers it, with progress counted from its inputs now. */
export function jobToProto(store: InputStore, scope: AppScope, row: JobRow): InputsAddJob {
  const p = store.jobProgress(scope, row.id);
  return {
    id: row.id,
    progress: { pendingCount: String(p.pending), inProgressCount: String(p.inProgress), successCount: String(p.success), failedCount: String(p.failed) },
    createdAt: new Date(row.created_at),
    modifiedAt: new Date(row.modified_at),
    status: makeStatus(jobStatus(row, p)),
  };
}
