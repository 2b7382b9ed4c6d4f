// The game widgets inside a nudge's panel: a spin-the-wheel that animates to the prize the core drew
// (the renderer never picks one) and a quiz that asks one question at a time and shows the core's
// verdict. Both announce results in a live region; the wheel turns at once under reduced motion.
import type { QuizAnswer, QuizAnswerOptions, RenderedContent, SpinResult } from '../types.mjs';

/** What the widgets need of an engine (a NudgeKit or a worker-hosted one). */
export interface GameSource {
  spin?(itemId: string): SpinResult | Promise<SpinResult>;
  answerQuiz?(options: QuizAnswerOptions): QuizAnswer | Promise<QuizAnswer>;
}

/** Words the widgets show, per language (English defaults). */
export interface WidgetTexts {
  spin: string;
  won: (label: string) => string;
  noSpins: string;
  right: string;
  wrong: string;
  next: string;
  score: (right: number, total: number, passed: boolean) => string;
}

const TEXTS: Record<string, WidgetTexts> = {
  en: { spin: 'Spin', won: (l) => `You got: ${l}`, noSpins: 'No spins left for now', right: 'Right!', wrong: 'Not quite',
    next: 'Next', score: (r, t, p) => `${r} of ${t} right${p ? ' — passed' : ''}` },
  hi: { spin: 'घुमाइए', won: (l) => `आपको मिला: ${l}`, noSpins: 'अभी कोई स्पिन बाकी नहीं', right: 'सही!', wrong: 'सही नहीं',
    next: 'अगला', score: (r, t, p) => `${t} में से ${r} सही${p ? ' — पास' : ''}` },
  ar: { spin: 'أدر العجلة', won: (l) => `ربحت: ${l}`, noSpins: 'لا توجد محاولات الآن', right: 'صحيح!', wrong: 'ليس تمامًا',
    next: 'التالي', score: (r, t, p) => `${r} من ${t} صحيحة${p ? ' — نجحت' : ''}` },
  bn: { spin: 'ঘোরান', won: (l) => `আপনি পেলেন: ${l}`, noSpins: 'এখন আর কোনো স্পিন বাকি নেই', right: 'ঠিক!',
    wrong: 'ঠিক হয়নি', next: 'পরেরটি', score: (r, t, p) => `${t}টির মধ্যে ${r}টি ঠিক${p ? ' — পাস' : ''}` },
  te: { spin: 'తిప్పండి', won: (l) => `మీకు వచ్చింది: ${l}`, noSpins: 'ప్రస్తుతం స్పిన్‌లు మిగల్లేదు', right: 'సరైనది!',
    wrong: 'సరి కాదు', next: 'తర్వాత', score: (r, t, p) => `${t}లో ${r} సరైనవి${p ? ' — పాస్' : ''}` },
  mr: { spin: 'फिरवा', won: (l) => `तुम्हाला मिळालं: ${l}`, noSpins: 'सध्या एकही स्पिन बाकी नाही', right: 'बरोबर!',
    wrong: 'बरोबर नाही', next: 'पुढे', score: (r, t, p) => `${t} पैकी ${r} बरोबर${p ? ' — पास' : ''}` },
  ta: { spin: 'சுழற்றுங்கள்', won: (l) => `உங்களுக்குக் கிடைத்தது: ${l}`, noSpins: 'இப்போதைக்குச் சுழற்சிகள் இல்லை',
    right: 'சரி!', wrong: 'சரியில்லை', next: 'அடுத்து', score: (r, t, p) => `${t}-இல் ${r} சரி${p ? ' — தேர்ச்சி' : ''}` },
  gu: { spin: 'ફેરવો', won: (l) => `તમને મળ્યું: ${l}`, noSpins: 'હમણાં કોઈ સ્પિન બાકી નથી', right: 'સાચું!',
    wrong: 'સાચું નથી', next: 'આગળ', score: (r, t, p) => `${t}માંથી ${r} સાચા${p ? ' — પાસ' : ''}` },
  kn: { spin: 'ತಿರುಗಿಸಿ', won: (l) => `ನಿಮಗೆ ಸಿಕ್ಕಿದ್ದು: ${l}`, noSpins: 'ಸದ್ಯಕ್ಕೆ ಸ್ಪಿನ್‌ಗಳು ಉಳಿದಿಲ್ಲ', right: 'ಸರಿ!',
    wrong: 'ಸರಿಯಲ್ಲ', next: 'ಮುಂದೆ', score: (r, t, p) => `${t} ರಲ್ಲಿ ${r} ಸರಿ${p ? ' — ಪಾಸ್' : ''}` },
  ml: { spin: 'കറക്കൂ', won: (l) => `നിങ്ങൾക്ക് കിട്ടിയത്: ${l}`, noSpins: 'ഇപ്പോൾ സ്പിന്നുകൾ ബാക്കിയില്ല', right: 'ശരി!',
    wrong: 'ശരിയല്ല', next: 'അടുത്തത്', score: (r, t, p) => `${t}-ൽ ${r} ശരി${p ? ' — പാസ്' : ''}` },
  pa: { spin: 'ਘੁਮਾਓ', won: (l) => `ਤੁਹਾਨੂੰ ਮਿਲਿਆ: ${l}`, noSpins: 'ਹੁਣ ਕੋਈ ਸਪਿਨ ਬਾਕੀ ਨਹੀਂ', right: 'ਸਹੀ!',
    wrong: 'ਸਹੀ ਨਹੀਂ', next: 'ਅੱਗੇ', score: (r, t, p) => `${t} ਵਿੱਚੋਂ ${r} ਸਹੀ${p ? ' — ਪਾਸ' : ''}` },
  or: { spin: 'ଘୁରାନ୍ତୁ', won: (l) => `ଆପଣ ପାଇଲେ: ${l}`, noSpins: 'ଏବେ ଆଉ କୌଣସି ସ୍ପିନ୍ ବାକି ନାହିଁ', right: 'ଠିକ୍!',
    wrong: 'ଠିକ୍ ନୁହେଁ', next: 'ପରବର୍ତ୍ତୀ', score: (r, t, p) => `${t}ରୁ ${r} ଠିକ୍${p ? ' — ପାସ୍' : ''}` },
  as: { spin: 'ঘূৰাওক', won: (l) => `আপুনি পালে: ${l}`, noSpins: 'এতিয়া কোনো স্পিন বাকী নাই', right: 'শুদ্ধ!',
    wrong: 'শুদ্ধ নহয়', next: 'পৰৱৰ্তী', score: (r, t, p) => `${t}টাৰ ভিতৰত ${r}টা শুদ্ধ${p ? ' — উত্তীৰ্ণ' : ''}` },
  ur: { spin: 'گھمائیں', won: (l) => `آپ کو ملا: ${l}`, noSpins: 'ابھی کوئی اسپن باقی نہیں', right: 'درست!',
    wrong: 'درست نہیں', next: 'اگلا', score: (r, t, p) => `${t} میں سے ${r} درست${p ? ' — پاس' : ''}` },
  kok: { spin: 'घुंवडायात', won: (l) => `तुमकां मेळ्ळें: ${l}`, noSpins: 'आतां एकय स्पिन उरूंक ना', right: 'बरोबर!',
    wrong: 'बरोबर ना', next: 'फुडें', score: (r, t, p) => `${t} पयकीं ${r} बरोबर${p ? ' — पास' : ''}` },
  es: { spin: 'Girar', won: (l) => `Te tocó: ${l}`, noSpins: 'No te quedan giros por ahora', right: '¡Correcto!',
    wrong: 'No exactamente', next: 'Siguiente', score: (r, t, p) => `${r} de ${t} correctas${p ? ' — aprobado' : ''}` },
  uk: { spin: 'Крутити', won: (l) => `Ви отримали: ${l}`, noSpins: 'Поки що спроб не лишилося', right: 'Правильно!',
    wrong: 'Не зовсім', next: 'Далі', score: (r, t, p) => `${r} з ${t} правильно${p ? ' — пройдено' : ''}` },
};

export function textsFor(language: string): WidgetTexts {
  return TEXTS[language.split('-')[0]!.toLowerCase()] ?? TEXTS.en!;
}

interface Prize { id: string }
interface Question { id: string; text: string; choices: { id: string; text: string }[] }

const SLICE_COLOURS = ['#0b6bcb', '#b35c00', '#00875a', '#c62828', '#6a4bc4', '#0b7285', '#ad1457', '#4f6600'];  // each ≥ 4.5:1 under white

function live(doc: Document): HTMLElement {
  const region = doc.createElement('p');
  region.className = 'result';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.tabIndex = -1;
  return region;
}

/**
 * The wheel for `content` (its widget's prizes and labels). `onPlay` runs on the first spin (the
 * renderer reports a click). Returns null when the content has no prizes.
 */
export function wheelWidget(doc: Document, content: RenderedContent, source: GameSource, texts: WidgetTexts,
  onPlay: () => void): HTMLElement | null {
  const widget = content.widget as { prizes?: Prize[]; labels?: Record<string, string> } | undefined;
  const prizes = Array.isArray(widget?.prizes) ? widget!.prizes.filter((p) => typeof p?.id === 'string') : [];
  if (prizes.length === 0 || typeof source.spin !== 'function') return null;
  const labels = widget?.labels ?? {};
  const box = doc.createElement('div');
  box.className = 'wheel-box';
  const wheel = doc.createElement('div');
  wheel.className = 'wheel';
  wheel.setAttribute('role', 'img');
  const names = prizes.map((p) => labels[p.id] ?? p.id);
  wheel.setAttribute('aria-label', names.join(', '));
  const slice = 360 / prizes.length;
  // Equal slices: the wheel shows what can be won, not the odds (those are the core's).
  wheel.style.background = `conic-gradient(${prizes.map((_, i) => `${SLICE_COLOURS[i % SLICE_COLOURS.length]} ${i * slice}deg ${(i + 1) * slice}deg`).join(', ')})`;
  prizes.forEach((prize, i) => {
    const label = doc.createElement('span');
    label.className = 'slice-label';
    label.textContent = labels[prize.id] ?? prize.id;
    label.style.transform = `rotate(${i * slice + slice / 2}deg)`;
    wheel.appendChild(label);
  });
  const pointer = doc.createElement('div');
  pointer.className = 'pointer';
  pointer.setAttribute('aria-hidden', 'true');
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'cta spin';
  button.textContent = texts.spin;
  const result = live(doc);
  let turns = 0;
  let played = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    let spun: SpinResult;
    try {
      spun = await source.spin!(content.item);
    } catch {
      result.textContent = texts.noSpins;
      button.disabled = false;
      return;
    }
    if (!played) {
      played = true;
      onPlay();
    }
    const index = Math.max(0, prizes.findIndex((p) => p.id === spun.prize));
    turns += 5;
    // The pointer is at the top: turn so that the prize's slice centre ends under it.
    const angle = turns * 360 - (index * slice + slice / 2);
    const reduced = doc.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
    const announce = () => {
      result.textContent = texts.won(spun.label ?? labels[spun.prize] ?? spun.prize);
      wheel.dataset.prize = spun.prize;
      const left = spun.spinsLeft;
      button.disabled = left.today === 0 || left.week === 0 || left.total === 0;
      if (button.disabled) result.focus();  // keep focus in the nudge, on the words that explain why
    };
    wheel.style.transform = `rotate(${angle}deg)`;
    if (reduced) announce();
    else wheel.addEventListener('transitionend', announce, { once: true });
  });
  box.append(pointer, wheel, button, result);
  return box;
}

/** The quiz for `content`, one question at a time. `onPlay` runs on the first answer. */
export function quizWidget(doc: Document, content: RenderedContent, source: GameSource, texts: WidgetTexts,
  onPlay: () => void): HTMLElement | null {
  const widget = content.widget as { questions?: Question[] } | undefined;
  const questions = Array.isArray(widget?.questions) ? widget!.questions.filter((q) => typeof q?.id === 'string' && Array.isArray(q.choices)) : [];
  if (questions.length === 0 || typeof source.answerQuiz !== 'function') return null;
  const box = doc.createElement('div');
  box.className = 'quiz';
  const result = live(doc);
  let played = false;
  const ask = (index: number) => {
    const question = questions[index]!;
    const fieldset = doc.createElement('fieldset');
    const legend = doc.createElement('legend');
    legend.textContent = question.text;
    fieldset.appendChild(legend);
    const buttons = question.choices.map((choice) => {
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'choice';
      b.dataset.choice = choice.id;
      b.setAttribute('aria-pressed', 'false');
      b.textContent = choice.text;
      b.addEventListener('click', async () => {
        for (const other of buttons) other.disabled = true;
        let answer: QuizAnswer;
        try {
          answer = await source.answerQuiz!({ itemId: content.item, questionId: question.id, choiceId: choice.id });
        } catch {
          for (const other of buttons) other.disabled = false;
          return;
        }
        if (!played) {
          played = true;
          onPlay();
        }
        b.setAttribute('aria-pressed', 'true');
        for (const other of buttons) if (other.dataset.choice === answer.answer) other.classList.add('right');
        if (!answer.correct) b.classList.add('wrong');
        result.textContent = `${answer.correct ? texts.right : texts.wrong}${answer.explanation ? ` ${answer.explanation}` : ''}`;
        if (answer.completed || index + 1 >= questions.length) {
          const score = doc.createElement('p');
          score.className = 'score';
          score.textContent = texts.score(answer.right, answer.total, answer.passed);
          box.appendChild(score);
          return;
        }
        const next = doc.createElement('button');
        next.type = 'button';
        next.className = 'cta next';
        next.textContent = texts.next;
        next.addEventListener('click', () => {
          fieldset.remove();
          next.remove();
          result.textContent = '';
          ask(index + 1);
        });
        box.insertBefore(next, result);
        next.focus();
      });
      fieldset.appendChild(b);
      return b;
    });
    box.insertBefore(fieldset, result);
  };
  box.appendChild(result);
  ask(0);
  return box;
}
