"""discord.py driver for the emulator's conformance suite (protocol: see ../driver-host.ts).

discord.py is pointed at the emulator only the way the library allows: Route.BASE for REST and
DiscordWebSocket.DEFAULT_GATEWAY for the gateway. The emulator's certificate is trusted through SSL_CERT_FILE;
certificate checks stay on. Nothing else in the library is changed.
"""

import asyncio
import datetime
import json
import os
import sys
import threading
import traceback

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

MARKER = "@@conformance "

API = os.environ["FAKE_DISCORD_API"]
GATEWAY = os.environ["FAKE_DISCORD_GATEWAY"]
TOKEN = os.environ["FAKE_DISCORD_TOKEN"]

Route.BASE = f"{API}/v10"
DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"{GATEWAY}/")


def emit(payload):
    sys.stdout.write(MARKER + json.dumps(payload) + "\n")
    sys.stdout.flush()


class Unsupported(Exception):
    pass


client = discord.Client(intents=discord.Intents.all())
tree = app_commands.CommandTree(client)
ready = asyncio.Event()
seen = {}
slash = {"answer": ""}


@client.event
async def on_ready():
    ready.set()


@client.event
async def on_message(message):
    seen[str(message.id)] = True


@client.event
async def on_error(event, *args, **kwargs):
    emit({"libraryError": f"{event}: {traceback.format_exc()}"})


def channel(args):
    return client.get_channel(int(args["channelId"]))


async def message(args):
    return await channel(args).fetch_message(int(args["messageId"]))


def guild(args):
    return client.get_guild(int(args["guildId"]))


async def login(args):
    asyncio.get_running_loop().create_task(client.start(TOKEN))
    await asyncio.wait_for(ready.wait(), 30)
    g = guild(args)
    return {"userId": str(client.user.id), "guildName": g.name, "channelCount": len(g.channels)}


async def send(args):
    return {"messageId": str((await channel(args).send(args["content"])).id)}


async def fetch(args):
    return {"content": (await message(args)).content}


async def edit(args):
    return {"messageId": str((await (await message(args)).edit(content=args["content"])).id)}


async def reply(args):
    return {"messageId": str((await (await message(args)).reply(args["content"])).id)}


async def embed(args):
    # A timezone-aware datetime: discord.py sends it as "...+00:00".
    when = datetime.datetime.fromisoformat(args["timestamp"].replace("Z", "+00:00"))
    e = discord.Embed(title=args["title"], description=args["description"], timestamp=when)
    return {"messageId": str((await channel(args).send(embed=e)).id)}


async def react(args):
    await (await message(args)).add_reaction(args["emoji"])
    return {}


async def typing(args):
    await channel(args).typing()
    return {}


async def dm(args):
    user = await client.fetch_user(int(args["userId"]))
    return {"messageId": str((await user.send(args["content"])).id)}


async def member_fetch(args):
    member = await guild(args).fetch_member(int(args["userId"]))
    return {"username": member.name, "nick": member.nick}


async def ban(args):
    await guild(args).ban(discord.Object(id=int(args["userId"])), reason=args["reason"])
    return {}


async def unban(args):
    await guild(args).unban(discord.Object(id=int(args["userId"])), reason=args["reason"])
    return {}


async def timeout(args):
    member = await guild(args).fetch_member(int(args["userId"]))
    until = datetime.datetime.fromisoformat(args["until"].replace("Z", "+00:00"))
    await member.timeout(until, reason=args["reason"])
    return {}


async def role_add(args):
    member = await guild(args).fetch_member(int(args["userId"]))
    await member.add_roles(discord.Object(id=int(args["roleId"])), reason=args["reason"])
    return {}


async def slash_command(args):
    slash["answer"] = args["answer"]

    async def answer(interaction: discord.Interaction):
        await interaction.response.send_message(slash["answer"])

    target = discord.Object(id=int(args["guildId"]))
    tree.add_command(
        app_commands.Command(name=args["name"], description=args["description"], callback=answer),
        guild=target,
    )
    synced = await tree.sync(guild=target)
    return {"commandId": str(synced[0].id)}


async def resume(args):
    wanted = args["messageId"]
    for _ in range(400):
        if wanted in seen:
            return {"messageId": wanted}
        await asyncio.sleep(0.1)
    raise RuntimeError(f"message {wanted} never arrived")


async def delete(args):
    await (await message(args)).delete()
    return {}


STEPS = {
    "login": login,
    "send": send,
    "fetch": fetch,
    "edit": edit,
    "reply": reply,
    "embed": embed,
    "react": react,
    "typing": typing,
    "dm": dm,
    "memberFetch": member_fetch,
    "ban": ban,
    "unban": unban,
    "timeout": timeout,
    "roleAdd": role_add,
    "slashCommand": slash_command,
    "resume": resume,
    "delete": delete,
}


async def run_step(request):
    handler = STEPS.get(request["step"])
    if handler is None:
        emit({"id": request["id"], "unsupported": f'the driver has no "{request["step"]}" step'})
        return
    try:
        emit({"id": request["id"], "result": await handler(request["args"]) or {}})
    except Unsupported as reason:
        emit({"id": request["id"], "unsupported": str(reason)})
    except Exception:
        emit({"id": request["id"], "error": traceback.format_exc()})


async def main():
    loop = asyncio.get_running_loop()
    finished = asyncio.Event()

    def read_stdin():
        for line in sys.stdin:
            if line.strip():
                asyncio.run_coroutine_threadsafe(run_step(json.loads(line)), loop)
        loop.call_soon_threadsafe(finished.set)

    threading.Thread(target=read_stdin, daemon=True).start()
    await finished.wait()
    await client.close()


asyncio.run(main())
