import { DigestError } from '../../core/errors';

/** A template is missing or does not compile. */
export class TemplateError extends DigestError {}
