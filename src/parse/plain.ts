import { emptyStory } from '../model/types';
import { briefing, type Shape } from './shape';
import { findDate, items, titleFrom } from './text';

/** Anything else still opens: the first line is the title, the rest its one story's body. */
export const plain: Shape = {
  format: 'plain',
  detect: () => 0.01,
  parse({ lines, name }) {
    const paragraphs = items(lines).map((item) => (item.kind === 'bullet' ? `• ${item.text}` : item.text));
    const first = paragraphs[0];
    const titleIsLine = first !== undefined && first.length <= 120;
    const title = first === undefined ? name : titleIsLine ? first : titleFrom(first);
    const result = briefing('plain', title);
    result.date =
      paragraphs
        .slice(0, 5)
        .map((p) => (p.length < 80 ? findDate(p) : null))
        .find(Boolean) ?? null;
    const story = emptyStory(title);
    story.body = titleIsLine ? paragraphs.slice(1) : paragraphs;
    result.stories.push(story);
    return result;
  },
};
