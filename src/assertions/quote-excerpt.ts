// Short, quoted excerpts of text for failure reasons, so a reason stays one readable line.

/** JSON-quotes `text`, cut to `maxLength` characters with an ellipsis. */
export const quoteExcerpt = (text: string, maxLength = 80): string =>
  JSON.stringify(text.length > maxLength ? `${text.slice(0, maxLength)}…` : text);
