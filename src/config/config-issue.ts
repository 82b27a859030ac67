// A problem found in the config, located by its path in the YAML document,
// before it is turned into a positioned Diagnostic.

/** Which part of the node at `path` to point at. */
export type IssueAnchor =
  /** The value (the default). */
  | 'value'
  /** The key of the last path segment: unknown keys, bad names. */
  | 'key'
  /** The map that should contain the last segment: missing required keys. */
  | 'parent';

/** One problem, with a document path like ['programs', 'web', 'restart']. */
export interface ConfigIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly at: IssueAnchor;
}
