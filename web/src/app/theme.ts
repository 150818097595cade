/** The Mantine theme: Clarion blue, system fonts with good Hebrew coverage. */
import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Hebrew", Arial, sans-serif',
  headings: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Hebrew", Arial, sans-serif' },
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Table: { defaultProps: { highlightOnHover: true, verticalSpacing: 'xs' } },
  },
});
