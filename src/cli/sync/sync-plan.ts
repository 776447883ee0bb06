import type { InputPatch } from '../../client/types';
import type { Input } from '../../generated/clarifai/api/resources.pb';
import { MARKER_KEY, markerOf } from '../marker';
import { annotationsInPlace, annotationsOfStored, type Annotations, type SyncPatchAction } from './annotations';

/** What the source says one input should be. `sha256` undefined: its file cannot be read now. */
export interface DesiredEntry {
  origin: string;
  sha256: string | undefined;
  annotations?: Annotations;
  /** The patch that gives a stored input these annotations. */
  patch?: InputPatch;
}

/** One entry of the plan that cannot be carried out, with the reason. */
export interface Conflict {
  id: string;
  origin: string;
  reason: string;
}

/**
 * The plan of one sync, built while the app's inputs stream past (one at a time, so memory
 * holds the source's entries and the plan's ids, never the app's inputs):
 * - add: in the source, not in the app;
 * - replace: in both, content hash differs (deleted, then added under the same id);
 * - patch: in both, same content, annotations differ (per `action`);
 * - delete: carries this source's marker, no longer in the source (acted on with --delete-missing);
 * - unchanged; conflicts: the id is held by an input this source does not manage.
 * Inputs without this source's marker are never put in add/replace/patch/delete.
 */
export class SyncPlan {
  readonly replace: string[] = [];
  readonly patch: string[] = [];
  readonly delete: string[] = [];
  readonly conflicts: Conflict[] = [];
  /** For each id in `delete`, the entry it was (its marker's key), to show in the plan. */
  readonly deletedKeys = new Map<string, string>();
  unchanged = 0;
  /** Entries whose file cannot be read now: left as they are in the app. */
  unreadable = 0;
  private readonly seen = new Set<string>();

  constructor(
    readonly source: string,
    private readonly desired: ReadonlyMap<string, DesiredEntry>,
    private readonly action: SyncPatchAction,
  ) {}

  /** Classifies one stored input. */
  consider(stored: Input): void {
    const marker = markerOf(stored);
    const mine = marker?.source === this.source;
    const wanted = this.desired.get(stored.id);
    if (!wanted) {
      if (mine) {
        this.delete.push(stored.id);
        this.deletedKeys.set(stored.id, marker.key);
      }
      return;
    }
    this.seen.add(stored.id);
    if (!mine) {
      const holder = marker ? `an input of source '${marker.source}'` : `an input without a ${MARKER_KEY} marker (not added by this tool)`;
      this.conflicts.push({ id: stored.id, origin: wanted.origin, reason: `the id is held by ${holder}; sync leaves it alone` });
      return;
    }
    if (wanted.sha256 === undefined) this.unreadable += 1;
    else if (marker.sha256 !== wanted.sha256) this.replace.push(stored.id);
    else if (wanted.annotations && !annotationsInPlace(wanted.annotations, annotationsOfStored(stored), this.action)) this.patch.push(stored.id);
    else this.unchanged += 1;
  }

  /** Source entries the app does not hold (call after every stored input was considered). */
  toAdd(): string[] {
    const add: string[] = [];
    for (const [id, entry] of this.desired) {
      if (this.seen.has(id)) continue;
      if (entry.sha256 === undefined) this.unreadable += 1;
      else add.push(id);
    }
    return add;
  }
}
