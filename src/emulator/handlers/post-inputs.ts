import { InputIDConflictResolution, type Input, type InputsAddJob } from '../../generated/clarifai/api/resources.pb';
import type { MultiInputResponse, PostInputsRequest } from '../../generated/clarifai/api/service.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { idProblem, newInputId, MAX_ID_LENGTH } from '../service/ids';
import { jobToProto } from '../service/inputs-add-job';
import { describeInput, isRefusal, planInput, type InputPlan, type InputRefusal } from '../service/plan-input';
import { UNKNOWN_CONTENT_TYPE } from '../processing/check-content';
import { settledState, settleWithoutDownload } from '../processing/process-input';
import { makeStatus, RequestRefused } from '../service/status';
import type { PreparedBlob } from '../store/blob-store';
import { rowToInput, type InputRow } from '../store/input-row';
import type { JobRow } from '../store/input-store';
import type { AppScope } from '../store/stored-data';
import { batchStatus } from './batch-status';
import { MAX_INPUTS_PER_CALL, type HandlerContext } from './handler-context';

import { DUPLICATE_ID_DETAILS } from '../../duplicate-id';

/** The input echoed back for a refused one, without its bytes. */
function echo(input: Input, code: StatusCode, details: string): Input {
  const data = input.data && {
    ...input.data,
    image: input.data.image && { ...input.data.image, base64: new Uint8Array(0) },
    video: input.data.video && { ...input.data.video, base64: new Uint8Array(0) },
    audio: input.data.audio && { ...input.data.audio, base64: new Uint8Array(0) },
  };
  return { ...input, data, status: makeStatus(code, details) };
}

/** The first free `<id>-<n>` for SUFFIX conflict resolution. */
function suffixed(id: string, taken: (candidate: string) => boolean): string | undefined {
  for (let n = 1; n < 10_000; n++) {
    const candidate = `${id}-${n}`;
    if (candidate.length > MAX_ID_LENGTH) return undefined;
    if (!taken(candidate)) return candidate;
  }
  return undefined;
}

/**
 * PostInputs: checks every input, makes uploaded bytes durable (see `BlobStore.prepare`), then
 * stores all accepted inputs in one transaction, answered as INPUT_PENDING. Those that need no
 * download are stored processed when processing would settle them in that transaction anyway
 * (see `Settling`); the others are left to processing, which claims them in the same commit. Refused inputs carry their own
 * status; the others are untouched by them. With `inputs_add_job_id`, the accepted inputs are
 * recorded under that job (made on first use, added to after) and the answer carries the job.
 */
export async function postInputs(ctx: HandlerContext, scope: AppScope, req: PostInputsRequest): Promise<MultiInputResponse> {
  const count = req.inputs.length;
  if (count === 0 || count > MAX_INPUTS_PER_CALL) {
    throw new RequestRefused(StatusCode.INPUT_INVALID_REQUEST, `PostInputs takes 1 to ${MAX_INPUTS_PER_CALL} inputs per request, got ${count}; nothing was stored`);
  }
  const resolution = req.inputIdConflictResolution;
  if (resolution !== InputIDConflictResolution.INPUT_ID_CONFLICT_RESOLUTION_NOT_SET && resolution !== InputIDConflictResolution.SKIP && resolution !== InputIDConflictResolution.SUFFIX) {
    throw new RequestRefused(StatusCode.INPUT_INVALID_REQUEST, `input_id_conflict_resolution ${resolution} is not one of NOT_SET (0), SKIP (1), SUFFIX (2); nothing was stored`);
  }
  const jobId = req.inputsAddJobId;
  const jobIdProblem = jobId ? idProblem(jobId) : undefined;
  if (jobIdProblem) throw new RequestRefused(StatusCode.INPUT_INVALID_REQUEST, `inputs_add_job_id: ${jobIdProblem}; nothing was stored`);
  const plans = req.inputs.map((input, i) => planInput(input, i, ctx.maxInputBytes));
  const { store } = ctx;
  // An upload whose id the app already has is refused as a duplicate (unless SUFFIX gives it a
  // new id): its bytes are not written, or every rerun of the same upload would grow the packs by
  // all of it. Decided here, before the bytes are written, and answered so in the transaction;
  // inputs without bytes are checked there only.
  const taken = new Set<number>();
  if (resolution !== InputIDConflictResolution.SUFFIX) {
    const withBytes = plans.map((plan) => (!isRefusal(plan) && plan.bytes && plan.id ? plan.id : undefined));
    const present = store.idsPresent(scope, withBytes.filter((id): id is string => id !== undefined));
    withBytes.forEach((id, i) => {
      if (id !== undefined && present.has(id)) taken.add(i);
    });
  }
  const blobs = await store.blobs.prepare(
    plans.map((plan, i) =>
      isRefusal(plan) || !plan.bytes || taken.has(i) ? undefined : { bytes: plan.bytes, contentType: plan.bytesCheck?.ok ? plan.bytesCheck.contentType : UNKNOWN_CONTENT_TYPE },
    ),
  );
  const now = ctx.now();
  let answers: Input[];
  let job: InputsAddJob | undefined;
  let afterCommit: (() => void) | undefined;
  try {
    [answers, job, afterCommit] = store.transaction(() => {
      if (jobId) store.upsertJob(scope, jobId, now);
      // A job's progress in the answer counts its new inputs as pending: they are stored so.
      const settling: Settling = { atOnce: !jobId && ctx.settlesAtOnce(), leftPending: 0 };
      const stored = storeAccepted(ctx, scope, req, plans, blobs, taken, now, settling);
      const storedJob = jobId ? jobToProto(store, scope, store.getJob(scope, jobId) as JobRow) : undefined;
      // The answer says pending, as the service does; processing may settle them in this commit.
      return [stored, storedJob, settling.leftPending > 0 ? ctx.claimAdded() : undefined] as const;
    });
  } finally {
    store.blobs.release(blobs);
  }
  afterCommit?.();
  return { status: batchStatus(answers, StatusCode.INPUT_PENDING, 'PostInputs'), inputs: answers, inputsAddJob: job };
}

/**
 * Whether accepted inputs are stored already processed: while `atOnce`, each one that needs no
 * download is (processing would settle it in this same transaction, nothing being ahead of it);
 * the first that needs a download, and every one after it, is stored pending (`leftPending`).
 * Storing an input settled writes its row once, where settling it after wrote it twice.
 */
interface Settling {
  atOnce: boolean;
  leftPending: number;
}

/** Inside the transaction: the answer to each input, storing the accepted ones. */
function storeAccepted(
  ctx: HandlerContext,
  scope: AppScope,
  req: PostInputsRequest,
  plans: (InputPlan | InputRefusal)[],
  blobs: (PreparedBlob | undefined)[],
  /** Inputs found duplicates before their bytes were written. */
  taken: ReadonlySet<number>,
  now: number,
  settling: Settling,
): Input[] {
  const { store } = ctx;
  const resolution = req.inputIdConflictResolution;
  const idsInRequest = new Set<string>();
  const urlsInRequest = new Set<string>();
  // The request's own ids the app already has, looked up at once in this transaction; ids made
  // up below (new or suffixed) are looked up one by one.
  const present = store.idsPresent(
    scope,
    plans.flatMap((plan) => (!isRefusal(plan) && plan.id ? [plan.id] : [])),
  );
  const isTaken = (id: string) => idsInRequest.has(id) || store.hasId(scope, id);
  return plans.map((plan, i): Input => {
    const input = req.inputs[i] as Input;
    if (isRefusal(plan)) return echo(input, plan.code, plan.details);
    if (taken.has(i)) return echo(input, StatusCode.INPUT_DUPLICATE, DUPLICATE_ID_DETAILS);
    let id = plan.id;
    if (!id) {
      do id = newInputId();
      while (isTaken(id));
    } else if (idsInRequest.has(id)) {
      return echo(input, StatusCode.INPUT_DUPLICATE, DUPLICATE_ID_DETAILS);
    } else if (present.has(id)) {
      if (resolution !== InputIDConflictResolution.SUFFIX) return echo(input, StatusCode.INPUT_DUPLICATE, DUPLICATE_ID_DETAILS);
      const next = suffixed(id, isTaken);
      if (!next) return echo(input, StatusCode.INPUT_DUPLICATE, `${DUPLICATE_ID_DETAILS} No free suffixed id fits in ${MAX_ID_LENGTH} characters.`);
      id = next;
    }
    if (plan.url && !plan.allowDupUrl && (urlsInRequest.has(plan.url) || store.hasUrl(scope, plan.url))) {
      return echo(
        input,
        StatusCode.INPUT_DUPLICATE,
        `${describeInput(i, input.id)}: the app already has an input with URL ${plan.url}; set allow_duplicate_url to add it again`,
      );
    }
    idsInRequest.add(id);
    if (plan.url) urlsInRequest.add(plan.url);
    return rowToInput(insertPlan(ctx, scope, plan, blobs[i], id, req.inputsAddJobId || null, now, settling), ctx.hostedPrefix);
  });
}

/** Stores one accepted input; returns its row as the answer shows it: pending. */
function insertPlan(
  ctx: HandlerContext,
  scope: AppScope,
  plan: InputPlan,
  blob: PreparedBlob | undefined,
  id: string,
  jobId: string | null,
  now: number,
  settling: Settling,
): InputRow {
  const blobToken = blob ? ctx.store.blobs.insert(blob) : null;
  const check = plan.bytesCheck;
  const uploadCheck = check ? JSON.stringify(check) : null;
  const queued = { seq: 0, kind: plan.kind, url: plan.url, text_raw: plan.textRaw, blob_token: blobToken, upload_check: uploadCheck };
  const outcome = settling.atOnce ? settleWithoutDownload(queued) : undefined;
  if (!outcome) {
    settling.atOnce = false;
    settling.leftPending++;
  }
  const row = ctx.store.insert(
    scope,
    {
      id,
      kind: plan.kind,
      url: plan.url,
      allowDupUrl: plan.allowDupUrl,
      textRaw: plan.textRaw,
      blobToken,
      uploadCheck,
      dataJson: JSON.stringify(plan.stored),
      jobId,
    },
    now,
    outcome && settledState(outcome),
  );
  return outcome ? { ...row, status_code: StatusCode.INPUT_PENDING, status_details: '', image_info: null } : row;
}
