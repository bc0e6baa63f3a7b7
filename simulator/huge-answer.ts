const HEAD = '{"Status":"OK","Data":[';
const TAIL = ']}';
// One plausible ListBackupJobStatus record, so the answer looks like a user with a vast history.
const RECORD = JSON.stringify({
  ID: '2026-01-01-22-00-00',
  LoginName: 'huge',
  Owner: '',
  UserId: '1687755000000',
  StartTime: '2026-01-01 22:00:00',
  EndTime: '2026-01-01 22:10:00',
  BackupJobStatus: 'BS_STOP_SUCCESS',
  BackupSetID: '1687755057644',
  BackupSetName: 'Huge',
  DestinationID: '1687755083984',
  UploadSize: '1024',
  RunVersion: '10.1.0.0',
});
const CHUNK_BYTES = 64 * 1024;
const NEXT_RECORD = `,${RECORD}`;
const RECORD_CHUNK = NEXT_RECORD.repeat(Math.floor(CHUNK_BYTES / NEXT_RECORD.length));
const SPACE_CHUNK = ' '.repeat(CHUNK_BYTES);

/** The smallest answer `hugeAnswer` can make: one record. */
export const MIN_HUGE_BYTES = HEAD.length + RECORD.length + TAIL.length;

/**
 * A valid JSON answer of exactly `bytes` bytes (ASCII, so characters are bytes), yielded in chunks
 * of about 64 KiB so that a body of a gigabyte costs the simulator no more memory than one of a
 * megabyte. Records fill it; JSON whitespace pads the rest to the exact size.
 */
export function* hugeAnswer(bytes: number): Generator<string> {
  yield HEAD + RECORD;
  let left = bytes - MIN_HUGE_BYTES;
  while (left >= RECORD_CHUNK.length) {
    yield RECORD_CHUNK;
    left -= RECORD_CHUNK.length;
  }
  const records = Math.floor(left / NEXT_RECORD.length);
  if (records > 0) yield NEXT_RECORD.repeat(records);
  left -= records * NEXT_RECORD.length;
  while (left > 0) {
    const pad = SPACE_CHUNK.slice(0, Math.min(left, CHUNK_BYTES));
    yield pad;
    left -= pad.length;
  }
  yield TAIL;
}
