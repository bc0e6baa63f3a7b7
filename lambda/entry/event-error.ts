import { DigestError } from '../core/errors';

/** The invocation event is not one the handler understands. Nothing was fetched or sent. */
export class EventError extends DigestError {}
