/** The buttons of a "Which one?" question (`blocks/choices.ts`): each one's action id, value and label. */
export function picksOf(message: { blocks?: readonly unknown[] } | undefined) {
  return (message?.blocks ?? []).flatMap((block) => {
    const b = block as {
      type: string
      elements?: { action_id: string; value: string; text: { text: string } }[]
    }
    return b.type === 'actions'
      ? (b.elements ?? []).map((e) => ({ actionId: e.action_id, value: e.value, label: e.text.text }))
      : []
  })
}
