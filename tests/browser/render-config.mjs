// The config both renderer test pages run (tests/browser/render.test.mjs and a11y.test.mjs): a tip in
// English and Arabic in every format, a coach mark on the page's button, a wheel, a quiz and two
// streaks. `extra` adds content items and campaigns (the XSS corpus).

const tip = {
  kind: 'tip',
  variants: {
    en: { title: 'Record today\'s sales, {{profile.first_name | default: "friend"}}', body: '**Two taps** and the day is in your ledger. [How](https://example.in/how)',
      badge: 'New', cta: { label: 'Add entry', url: 'https://example.in/add' } },
    ar: { title: 'سجّل مبيعات اليوم يا {{profile.first_name | default: "صديقي"}}', body: '**نقرتان** ويصبح يومك في دفترك. [كيف](https://example.in/how)',
      badge: 'جديد', cta: { label: 'أضف قيدًا', url: 'https://example.in/add' } },
  },
};

/** The renderer tests' config; the wheel allows `spinsPerDay` spins a day. */
export function renderTestConfig({ spinsPerDay, content = {}, campaigns = {} }) {
  return {
    version: 1,
    languages: { default: 'en', supported: ['en', 'ar'] },
    rewards: { streaks: [{ id: 'daily_entry', event: 'ledger_entry', days: 1 }, { id: 'week_of_entries', event: 'ledger_entry', days: 7 }] },
    content: {
      tip,
      coach: { kind: 'tip', variants: {
        en: { title: 'Tap here to add an entry', fields: { anchor: '#ledger-add' } },
        ar: { title: 'انقر هنا لإضافة قيد', fields: { anchor: '#ledger-add' } },
      } },
      wheel: { kind: 'wheel', widget: { prizes: [{ id: 'cashback', weight: 1 }, { id: 'sticker', weight: 1 }, { id: 'again', weight: 1 }], spins: { perDay: spinsPerDay } },
        variants: {
          en: { title: 'Spin and win', widget: { labels: { cashback: '₹50 cashback', sticker: 'A sticker', again: 'Try again' } } },
          ar: { title: 'أدر واربح', widget: { labels: { cashback: '٥٠ روبية', sticker: 'ملصق', again: 'حاول مجددًا' } } },
        } },
      quiz: { kind: 'quiz', widget: { answers: { q1: 'b', q2: 'a' }, pass: 1 },
        variants: { en: { title: 'GST in 2 questions', widget: { questions: [
          { id: 'q1', text: 'A bill is needed above…', choices: [{ id: 'a', text: '₹100' }, { id: 'b', text: '₹200' }], explanation: 'Above ₹200 a bill is required.' },
          { id: 'q2', text: 'GSTR-1 is filed…', choices: [{ id: 'a', text: 'Monthly' }, { id: 'b', text: 'Never' }] },
        ] } } } },
      ...content,
    },
    campaigns: {
      ...Object.fromEntries([
        ['banner', 'tip'], ['modal', 'tip'], ['sheet', 'tip'], ['card', 'tip'], ['inbox', 'tip'], ['tooltip', 'coach'],
      ].map(([placement, item]) => [`${placement}_c`, { trigger: { event: `show_${placement}` }, placement, content: [item] }])),
      ...campaigns,
      wheel_c: { trigger: { event: 'show_wheel' }, placement: 'modal', content: ['wheel'] },
      quiz_c: { trigger: { event: 'show_quiz' }, placement: 'card', content: ['quiz'] },
    },
  };
}
