/**
 * Authentication pieces every request needs: the `authorization` header and `user_app_id`.
 * Shared by the facade and by raw-stub users (re-exported from `clarifai-inputs/grpc`).
 */
import { Metadata } from '@grpc/grpc-js';
import type { UserAppIDSet } from '../../generated/clarifai/api/resources.pb';

/** Metadata carrying `authorization: Key <apiKey>`. */
export function authMetadata(apiKey: string, into: Metadata = new Metadata()): Metadata {
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new TypeError('authMetadata: apiKey must be a non-empty string');
  }
  into.set('authorization', `Key ${apiKey}`);
  return into;
}

/**
 * The user_app_id of a request, or undefined when neither id is given (an app-scoped key).
 * With a personal access token both are needed; `userId: 'me'` means the token's owner.
 */
export function userAppId(userId?: string, appId?: string): UserAppIDSet | undefined {
  if (!userId && !appId) return undefined;
  return { userId: userId ?? '', appId: appId ?? '' };
}
