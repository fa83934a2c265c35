// Prettier for the web app: the line length of the Java sources and the quotes the code was written with, otherwise
// Prettier's defaults.
export default {
  printWidth: 120,
  singleQuote: true,
};
