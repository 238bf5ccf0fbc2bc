import { WolfpackError } from './errors.ts';

/*
 * @wolfpack/client/testing: what a test of a Wolfpack server adds to the client. Nothing
 * here sends a request.
 */

/** The WolfpackError a call was refused with; throws when the call succeeded (or failed some other way). */
export async function refusal(call: Promise<unknown>): Promise<WolfpackError> {
  const outcome = await call.then(
    (reply: unknown) => new Error(`expected a refusal, but the call succeeded with ${JSON.stringify(reply)}`),
    (error: unknown) => error,
  );
  if (outcome instanceof WolfpackError) return outcome;
  throw outcome;
}
