/** The content a new email template starts from (kept apart from the designer so lists load without GrapesJS). */
/** A heading, a paragraph with a merge tag, and the footer with the view-in-browser and unsubscribe links. */
export const STARTER_MJML = `<mjml>
  <mj-body background-color="#f4f5f7">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="22px" font-weight="700">Hello {{ contact.first_name | default: "there" }}</mj-text>
        <mj-text>Write your message here.</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="12px">
      <mj-column>
        <mj-text font-size="12px" color="#6b7280" align="center"><a href="{{ view_in_browser_url }}">View in browser</a> · <a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

