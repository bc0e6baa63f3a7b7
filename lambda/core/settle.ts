/** A promise's value or its error, so one failure never rejects the whole batch. */
export async function settle<T>(
  promise: Promise<T>,
): Promise<readonly [T, undefined] | readonly [undefined, Error]> {
  try {
    return [await promise, undefined] as const;
  } catch (error) {
    return [undefined, error instanceof Error ? error : new Error(String(error))] as const;
  }
}
