/**
 * The V8 heap limits Lambda's Node.js bootstrap sets from the function's memory: a tenth for the
 * young generation (half of it per semi-space), the rest for the old one. Without them V8 sizes
 * its heap for this machine's RAM and collects later than it would in a 256 MB function.
 */
export function lambdaHeapFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}
