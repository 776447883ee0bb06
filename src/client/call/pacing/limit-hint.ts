/**
 * The rate a throttling answer names, when it names one. Clarifai's CONN_THROTTLED carries details
 * like "exceeded limit of 15 requests per second"; the emulator says "throttle of 3 calls per
 * second". Anything else gives `undefined` and the limiter measures instead.
 */
const LIMIT_TEXT = /(?:limit|throttle) of (\d+(?:\.\d+)?) (?:requests?|calls?) (?:per second|\/ ?s)/i;

export function limitHint(text: string): number | undefined {
  const match = LIMIT_TEXT.exec(text);
  if (match?.[1] === undefined) return undefined;
  const rate = Number(match[1]);
  return Number.isFinite(rate) && rate > 0 ? rate : undefined;
}
