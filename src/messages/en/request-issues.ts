import type { RequestIssueWords } from '../es/request-issues.ts';

/** A request's problems with its body as a whole, in English (see ../es/request-issues.ts). */
export const REQUEST_ISSUES_EN: RequestIssueWords = {
  issues: {
    invalid_json: () => 'The body is not valid JSON.',
    invalid_multipart: () => 'The form sent is incomplete or malformed. Send it again.',
    unsupported_media_type: (expected) => `Content type not accepted here; expected ${expected}.`,
  },
  kinds: { json: 'application/json', form: 'a form' },
  join: (kinds) => kinds.join(' / '),
};
