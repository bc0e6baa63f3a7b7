/**
 * A value built on first use and kept while the container is warm; a failed build is tried again
 * on the next call rather than kept. How every handler holds its runtime.
 */
export function lazily<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= make().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}
