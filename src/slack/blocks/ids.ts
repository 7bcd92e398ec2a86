/** Every action_id and callback_id the bot renders and listens for, in one place. */
export const ACTIONS = {
  stockReceive: 'stock.receive',
  stockIssue: 'stock.issue',
  stockMove: 'stock.move',
  stockReserve: 'stock.reserve',
  stockHistory: 'stock.history',
  undo: 'movement.undo',
  confirm: 'change.confirm',
  cancel: 'change.cancel',
  reorder: 'alert.reorder',
  snooze: 'alert.snooze',
  ordered: 'alert.ordered',
  approve: 'request.approve',
  reject: 'request.reject',
  requestReceive: 'request.receive',
  release: 'reservation.release',
  homeMore: 'home.more',
  /** A pick on "Which one?" for a change: `<question id>:<SKU or location code>`. */
  choose: 'choice.pick',
  /** A pick on "Which one?" for a read: the read, as JSON, with the item picked. */
  chooseRead: 'choice.read',
} as const

export const VIEWS = {
  movement: 'movement',
  newItem: 'item.new',
  reorder: 'reorder',
} as const
