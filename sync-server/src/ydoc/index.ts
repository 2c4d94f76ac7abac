export {
  compactDoc,
  compactYdocs,
  type DocCompaction,
  type YdocCompactionReport,
} from './compaction';
