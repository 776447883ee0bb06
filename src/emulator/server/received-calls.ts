import { perV2Method, type RequestOf, type ResponseOf, type V2MethodName } from './v2-method-table';
import type { ReceivedCall } from './received-call';
import type { UnaryMethod, V2Methods } from './v2-methods';

export type { ReceivedCall };

/** Tells `onCallReceived` about every call as it arrives; the outermost layer, so it sees faulted calls too. */
export function reportReceivedCalls(methods: V2Methods, onCallReceived: (call: ReceivedCall) => void): V2Methods {
  const observe = <K extends V2MethodName>(method: K): UnaryMethod<RequestOf<K>, ResponseOf<K>> => {
    const inner: UnaryMethod<RequestOf<K>, ResponseOf<K>> = methods[method];
    return (call) => {
      const result = inner(call);
      onCallReceived({ method, finished: result.then(() => undefined, () => undefined) });
      return result;
    };
  };
  return perV2Method<V2Methods>(observe);
}
