import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { composeMime } from '../../lambda/adapters/mail/ses-mailer';

// The CSV goes into MailComposer a piece at a time (to keep the send's memory down): the message
// must still carry the file whole, in base64 lines no longer than MIME allows.
describe('composeMime with a file of many pieces', () => {
  test.each([
    ['a whole number of pieces', 3 * 16 * 1024 * 4],
    ['a last piece of 1 byte', 3 * 16 * 1024 * 3 + 1],
    ['a last piece of 2 bytes', 3 * 16 * 1024 * 5 + 2],
    ['less than one piece', 1000],
  ])('%s: the attachment arrives byte for byte', async (_, size) => {
    const content = randomBytes(size);

    const raw = await composeMime({
      from: 'digest@example.com',
      to: ['ops@example.com'],
      subject: 'Backups',
      text: 'text',
      html: '<p>html</p>',
      attachments: [{ filename: 'backup-jobs.csv', contentType: 'text/csv; charset=utf-8', content }],
    });

    const parsed = await simpleParser(raw);
    expect(parsed.attachments).toHaveLength(1);
    expect(Buffer.compare(parsed.attachments[0]?.content ?? Buffer.alloc(0), content)).toBe(0);
    const lines = raw.toString('latin1').split('\r\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(76);
  });
});
