import { DigestError } from '../../core/errors';

/** SES refused or failed to send the digest. */
export class MailError extends DigestError {}
