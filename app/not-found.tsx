import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="flex flex-col items-center justify-center py-24 text-center">
      <p className="font-mono text-sm text-zinc-400">404</p>
      <h1 className="mt-2 font-semibold text-2xl tracking-tight">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">This page does not exist (yet).</p>
      <Link href="/" className={`${buttonClass("primary")} mt-6`}>
        Back to overview
      </Link>
    </div>
  );
}
