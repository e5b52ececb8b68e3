export { classifyStatements, type Classification, type ClassifiedStatement, type Query } from './classify';
export { splitStatements, leadingWords, type StatementSpan } from './split';
