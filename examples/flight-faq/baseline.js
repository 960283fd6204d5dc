// A retrieval baseline for the Northwind Air FAQ assistant: no model, no API key, no dependencies.
// It scores every FAQ entry against the user's question with TF-IDF over the entry's question and
// answer, and returns the best entry's answer as it stands. Any LLM worth paying for should beat it.
//
// yardstick calls the default export once per test case with
//   { messages, vars, prompt, options }  (prompt = the last user message)
// and expects a string or { output, toolCalls?, usage?, costUsd? } back.
import { readFileSync } from 'node:fs';

const faq = JSON.parse(readFileSync(new URL('./faq.json', import.meta.url), 'utf8'));

const stopwords = new Set(
  (
    'a an and are as at be by can do does for from how i if in is it me my of on or the to what when ' +
    'where which who will with you your our we this that there have has get much many any am'
  ).split(' '),
);

/** Lower-case words without punctuation or stopwords, with a crude plural strip ("bags" → "bag"). */
const tokenize = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/[\s-]+/)
    .filter((word) => word.length > 1 && !stopwords.has(word))
    .map((word) =>
      word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word,
    );

// The entry's question counts twice: it is written the way customers ask.
const documents = faq.map((entry) => tokenize(`${entry.question} ${entry.question} ${entry.answer}`));

const documentFrequency = new Map();
for (const words of documents) {
  for (const word of new Set(words)) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
}
const idf = (word) => Math.log((documents.length + 1) / ((documentFrequency.get(word) ?? 0) + 1)) + 1;

const vectorOf = (words) => {
  const counts = new Map();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  const vector = new Map();
  for (const [word, count] of counts) vector.set(word, (1 + Math.log(count)) * idf(word));
  return vector;
};
const norm = (vector) => Math.sqrt([...vector.values()].reduce((sum, value) => sum + value * value, 0));
const vectors = documents.map(vectorOf);
const norms = vectors.map(norm);

const cosine = (query, index) => {
  let dot = 0;
  for (const [word, weight] of query) dot += weight * (vectors[index].get(word) ?? 0);
  const denominator = norm(query) * norms[index];
  return denominator === 0 ? 0 : dot / denominator;
};

/** The best matching FAQ entry, or undefined when no word of the question matches any entry. */
export const retrieve = (question) => {
  const query = vectorOf(tokenize(question));
  let best;
  let bestScore = 0;
  for (const [index, entry] of faq.entries()) {
    const score = cosine(query, index);
    if (score > bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  return best;
};

export default async ({ vars, prompt }) => {
  const question = typeof vars.question === 'string' ? vars.question : prompt;
  const entry = retrieve(question);
  const output =
    entry === undefined
      ? "I'm sorry, I don't have an answer to that. Please contact Northwind Air customer service."
      : entry.answer;
  return { output };
};
