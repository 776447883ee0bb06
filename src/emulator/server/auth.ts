import type { Metadata } from '@grpc/grpc-js';
import type { UserAppIDSet } from '../../generated/clarifai/api/resources.pb';
import { StatusCode } from '../../generated/clarifai/api/status/status_code.pb';
import { idProblem } from '../service/ids';
import { RequestRefused } from '../service/status';
import type { AppScope } from '../store/stored-data';

export interface AuthConfig {
  apiKeys: ReadonlySet<string>;
  userId: string;
  appId: string;
}

/**
 * Checks `authorization: Key <key>` and decides which app the request acts on. Every key acts
 * for the configured user; a request may name any app of that user (`me` is that user), and one
 * without user_app_id uses the default app. Throws RequestRefused with the auth status otherwise.
 * The key never appears in an error.
 */
export function authorize(metadata: Metadata, userAppId: UserAppIDSet | undefined, config: AuthConfig): AppScope {
  const values = metadata.get('authorization');
  if (values.length === 0) {
    throw new RequestRefused(StatusCode.CONN_INVALID_REQUEST, 'missing authorization metadata: send "authorization: Key <your key>"');
  }
  if (values.length > 1) throw new RequestRefused(StatusCode.CONN_INVALID_REQUEST, 'more than one authorization metadata value');
  const header = String(values[0]);
  const match = /^Key ([^\s]+)$/.exec(header);
  if (!match) {
    throw new RequestRefused(StatusCode.CONN_INVALID_REQUEST, 'malformed authorization metadata: expected "Key <your key>"');
  }
  if (!config.apiKeys.has(match[1] as string)) {
    throw new RequestRefused(StatusCode.CONN_KEY_INVALID, 'the API key in the authorization metadata is not known to this emulator');
  }
  const requestedUser = userAppId?.userId ?? '';
  const appId = userAppId?.appId || config.appId;
  if (requestedUser !== '' && requestedUser !== 'me' && requestedUser !== config.userId) {
    throw new RequestRefused(
      StatusCode.CONN_INSUFFICIENT_SCOPES,
      `this key acts for user ${JSON.stringify(config.userId)} and cannot reach app ${JSON.stringify(appId)} of user ${JSON.stringify(requestedUser)}`,
    );
  }
  const appProblem = idProblem(appId);
  if (appProblem) throw new RequestRefused(StatusCode.CONN_INVALID_REQUEST, `user_app_id.app_id: ${appProblem.replace(/^id/, 'app id')}`);
  return { userId: config.userId, appId };
}
