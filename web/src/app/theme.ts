/**
 * The Mantine theme: Clarion blue; Rubik (Latin + Hebrew) shipped with the app through @fontsource — bundled
 * by Vite and served from our own origin, never from an outside font host — with system fonts as fallback.
 */
import '@fontsource-variable/rubik';
import { createTheme } from '@mantine/core';

const FONTS = '"Rubik Variable", system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Hebrew", Arial, sans-serif';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily: FONTS,
  headings: { fontFamily: FONTS },
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Table: { defaultProps: { highlightOnHover: true, verticalSpacing: 'xs' } },
  },
});
