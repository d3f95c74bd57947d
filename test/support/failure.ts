import { AppFailure, type AppError } from '../../src-main/common/errors';

/** The AppError a call fails with; anything else (success, another exception) fails the test. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppFailure) return err.error;
    throw err;
  }
  throw new Error('expected the call to fail');
}
