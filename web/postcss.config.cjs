// Mantine's PostCSS preset: rem(), light-dark(), rtl/ltr mixins used by its components.
module.exports = { plugins: { 'postcss-preset-mantine': {} } };
