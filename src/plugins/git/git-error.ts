/** A GitHub call that failed, with a sentence a member can act on (never holding a token or a key). */
export class GitError extends Error {}
