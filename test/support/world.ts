// A small populated server for the bad-input suites: an admin, two plain users, a team, a private
// channel and a direct channel that the user `bob` is not in, and a post in each.
import { adminClient, uniqueName, userClient, type Client, type TestServer } from './server.js';

export interface World {
  admin: { client: Client; token: string; id: string; username: string };
  bob: { client: Client; token: string; id: string; username: string };
  carol: { client: Client; token: string; id: string; username: string };
  team: { id: string; name: string };
  town: { id: string };
  /** Private channel of the admin; bob is a team member but not a channel member. */
  secret: { id: string; name: string; postId: string };
  /** Direct channel of admin and carol. */
  dm: { id: string; postId: string };
  /** A post bob wrote in town-square. */
  bobPostId: string;
}

export async function buildWorld(server: TestServer): Promise<World> {
  const a = await adminClient(server);
  const b = await userClient(server, a.client);
  const c = await userClient(server, a.client);
  const team = await a.client.createTeam({ name: uniqueName('team'), display_name: 'Team', type: 'O' });
  await a.client.addToTeam(team.id, b.user.id);
  await a.client.addToTeam(team.id, c.user.id);
  const town = await a.client.getChannelByName(team.id, 'town-square');
  const secret = await a.client.createChannel({ team_id: team.id, name: 'secret', display_name: 'Secret', type: 'P' });
  const secretPost = await a.client.createPost({ channel_id: secret.id, message: 'secret' });
  const dm = await a.client.createDirectChannel([a.user.id, c.user.id]);
  const dmPost = await a.client.createPost({ channel_id: dm.id, message: 'psst' });
  const bobPost = await b.client.createPost({ channel_id: town.id, message: 'hi' });
  const who = (x: { client: Client; user: { id: string; username: string } }) => ({
    client: x.client, token: x.client.getToken() as string, id: x.user.id, username: x.user.username,
  });
  return {
    admin: who(a), bob: who(b), carol: who(c),
    team: { id: team.id, name: team.name },
    town: { id: town.id },
    secret: { id: secret.id, name: secret.name, postId: secretPost.id },
    dm: { id: dm.id, postId: dmPost.id },
    bobPostId: bobPost.id,
  };
}
