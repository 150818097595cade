/**
 * A realistic MJML newsletter used by the tests and by the send micro-benchmark (build.perf.ts): about 18 KB of
 * MJML, five merge fields (first name, email, two custom fields, workspace name) and ten distinct tracked links, plus unsubscribe and view-in-browser links.
 */

const PARAGRAPH =
  'Spring is here, and with it a fresh set of workshops, tools and stories from our community. We have gathered ' +
  'the most useful guides of the month, a few behind-the-scenes notes from the team, and an early look at what ships next.';

const DETAIL =
  'In this edition we also answer the three questions readers asked most often, share a checklist you can print ' +
  'for your next planning session, and point to the recordings of last month\'s live sessions for anyone who missed them.';

function article(i: number): string {
  return `
    <mj-section background-color="#ffffff" padding="20px 0">
      <mj-column width="40%">
        <mj-image src="https://cdn.example.com/newsletter/2026-04/article-${i}.jpg" alt="Article ${i} illustration" width="220px" border-radius="6px" />
      </mj-column>
      <mj-column width="60%">
        <mj-text font-size="20px" font-weight="700" color="#1b1b1f" line-height="26px">Story ${i}: how teams ship faster with less noise</mj-text>
        <mj-text font-size="15px" color="#45454d" line-height="23px">${PARAGRAPH} ${PARAGRAPH}</mj-text>
        <mj-text font-size="15px" color="#45454d" line-height="23px">${PARAGRAPH} ${DETAIL}</mj-text>
        <mj-text font-size="15px" color="#45454d" line-height="23px">${DETAIL} ${PARAGRAPH}</mj-text>
        <mj-button background-color="#3b5bdb" color="#ffffff" border-radius="4px" font-size="15px" href="https://www.example.com/blog/story-${i}?ref=newsletter">Read story ${i}</mj-button>
      </mj-column>
    </mj-section>`;
}

/** The MJML source of the benchmark/test newsletter. */
export function newsletterMjml(): string {
  const articles = Array.from({ length: 7 }, (_, i) => article(i + 1)).join('\n');
  return `<mjml>
  <mj-head>
    <mj-title>{{ campaign.name }}</mj-title>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text padding="6px 24px" />
    </mj-attributes>
    <mj-style inline="inline">.footer a { color: #868e96; }</mj-style>
  </mj-head>
  <mj-body background-color="#f1f3f5" width="640px">
    <mj-section padding="12px 0">
      <mj-column>
        <mj-text align="right" font-size="12px" color="#868e96"><a href="{{ view_in_browser_url }}" style="color:#868e96;">View in browser</a></mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="28px 0 8px">
      <mj-column>
        <mj-image src="https://cdn.example.com/brand/logo.png" alt="{{ workspace.name }}" width="160px" href="https://www.example.com/" />
        <mj-text font-size="26px" font-weight="700" color="#1b1b1f" line-height="32px">Hi {{ contact.first_name | default: "there" }},</mj-text>
        <mj-text font-size="16px" color="#45454d" line-height="24px">Here is your April digest, ${'{{ contact.fields.city | default: "friend" }}'} edition. ${PARAGRAPH}</mj-text>
        <mj-text font-size="14px" color="#868e96">Sent to {{ contact.email }} · Plan: {{ contact.fields.plan | default: "free" }}</mj-text>
      </mj-column>
    </mj-section>
    ${articles}
    <mj-section background-color="#ffffff" padding="10px 0 30px">
      <mj-column>
        <mj-text font-size="15px" color="#45454d">Follow us: <a href="https://social.example.com/@example">Mastodon</a> · <a href="https://www.example.com/events">Events</a> · <a href="mailto:hello@example.com">Write to us</a></mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 0" css-class="footer">
      <mj-column>
        <mj-text align="center" font-size="12px" color="#868e96" line-height="18px">Example Ltd · 1 Market Street · Springfield<br />You get this because you subscribed to the {{ workspace.name }} newsletter.<br /><a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}
