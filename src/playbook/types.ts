/** A loaded playbook: validated requirement files plus the compiled lexicon. */
import type { RequirementSpec } from "./schema.js";
import type { CompiledLexicon } from "../analyse/lexicon.js";

export interface Requirement extends RequirementSpec {
  /** Path relative to clauses/, e.g. "genai/genai-no-training-on-customer-data.yaml". */
  file: string;
  /** The folder under clauses/: arbit | avg | genai | wet. */
  group: string;
}

export interface Playbook {
  /** Content hash of every file under clauses/ ("sha256:" + 16 hex). */
  version: string;
  /** In catalogue order (shared/spec/requirements.yaml order, then others by id). */
  requirements: Requirement[];
  byId: ReadonlyMap<string, Requirement>;
  lexicon: CompiledLexicon;
}

/** A file of the playbook as text, so the Worker can build the playbook from a bundle. */
export interface PlaybookFile {
  /** Relative to clauses/, with forward slashes. */
  path: string;
  content: string;
}
