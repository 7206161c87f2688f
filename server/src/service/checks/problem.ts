/** What a check finds, in document offsets; validation.ts turns it into an LSP Diagnostic. */
import type { DiagnosticCode } from '../settings';

export interface RelatedPlace {
  readonly uri: string;
  /** Text of that document (to turn offsets into positions). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface Problem {
  readonly code: DiagnosticCode;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly related?: readonly RelatedPlace[];
  /** Rendered faded (DiagnosticTag.Unnecessary): the text can go. */
  readonly unnecessary?: boolean;
}
