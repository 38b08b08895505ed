// Used by run.sh: exits 0 once /activities is empty and every section holds items; prints what it saw.
const [url, token] = process.argv.slice(2);
const get = async path => {
  const res = await fetch(url + path, { headers: { Accept: 'application/json', 'X-Plex-Token': token } });
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return (await res.json()).MediaContainer;
};
try {
  const activities = await get('/activities');
  const running = activities.Activity ?? [];
  const sections = (await get('/library/sections')).Directory ?? [];
  const counts = [];
  for (const s of sections) {
    const c = await get(`/library/sections/${s.key}/all?X-Plex-Container-Start=0&X-Plex-Container-Size=0`);
    counts.push(`${s.title}=${c.totalSize ?? c.size ?? '?'}`);
  }
  const empty = counts.filter(c => /=(0|\?)$/.test(c));
  console.log(`${running.length} activities; ${counts.join(', ') || 'no sections'}`);
  process.exit(running.length === 0 && sections.length >= 5 && empty.length === 0 ? 0 : 1);
} catch (e) {
  console.log(e.message);
  process.exit(1);
}
