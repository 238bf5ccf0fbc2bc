/** @wolfpack/type-chat-server: the built-in Chat Server resource type (engine module). */
export { default } from './engine.ts';
export { chatExitCodes, greeting, historyReplayLines, type ChatConfig, type ConnectedUser } from './protocol.ts';
export { chatDefaults, readChatProperties, type ChatProperties } from './properties.ts';
